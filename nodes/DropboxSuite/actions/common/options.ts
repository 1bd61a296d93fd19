import type { INodeProperties } from 'n8n-workflow';

/** The "Options" collection every operation puts its optional settings in (n8n's convention: sorted by name). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/** n8n's Simplify toggle, for operations whose Dropbox answer is large; the shaping is in output.ts. */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
