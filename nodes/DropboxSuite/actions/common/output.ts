import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** Items from Dropbox's JSON: one per object. The router pairs them with the input item. */
export function toItems(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

/**
 * Dropbox metadata without its nested details, as Simplify gives it: scalar fields as Dropbox names them, a union
 * that is only a tag as its tag ({".tag": "owner"} → "owner"); nested objects and lists (sharing_info,
 * property_groups, export_info, policy, permissions, ...) are left out. Raw output keeps them.
 */
export function simplifyMetadata(metadata: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const [key, value] of Object.entries(metadata)) {
		if (value === null || typeof value !== 'object') simple[key] = value;
		else if (!Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as IDataObject)['.tag'] === 'string') simple[key] = (value as IDataObject)['.tag'];
	}
	return simple;
}

/** Items as the Simplify parameter asks: each shaped by `simplify` when it is on (its default), as Dropbox sent it otherwise. */
export function simplified<T>(param: <V>(name: string, fallback?: V) => V, items: T[], simplify: (item: T) => IDataObject): IDataObject[] {
	return param('simplify', true) ? items.map(simplify) : (items as unknown as IDataObject[]);
}

/** Return All and Limit, as every n8n list operation offers them. */
export const returnAllProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: { show: { returnAll: [false] } },
		description: 'Max number of results to return',
	},
];

/** The Limit to apply, or undefined for Return All. */
export function limitOf(param: <T>(name: string, fallback?: T) => T): number | undefined {
	return param('returnAll', false) ? undefined : Math.max(1, Number(param('limit', 50)));
}

type FeatureValue = IDataObject & { '.tag': string };

/**
 * Dropbox's feature values (users/ and team/features/get_values) as one object, feature → value:
 * {".tag":"paper_as_files","paper_as_files":{".tag":"enabled","enabled":true}} gives paper_as_files: true, and a value
 * that is only a tag ({".tag":"unlimited"}) gives that tag.
 */
export function featureValues(values: FeatureValue[]): IDataObject {
	return Object.fromEntries(
		values.map((value) => {
			const inner = value[value['.tag']] as FeatureValue | undefined;
			if (!inner || typeof inner !== 'object') return [value['.tag'], null];
			return [value['.tag'], inner[inner['.tag']] ?? inner['.tag']];
		}),
	) as IDataObject;
}
