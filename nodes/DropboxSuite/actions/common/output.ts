import type { IDataObject, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** Items from Dropbox's JSON: one per object. The router pairs them with the input item. */
export function toItems(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

export const simplifyProperty = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean' as const,
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

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
