import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

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
