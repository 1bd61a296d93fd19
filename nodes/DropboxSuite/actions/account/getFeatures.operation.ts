import type { IDataObject } from 'n8n-workflow';

import { featureValues, toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';

export const getFeatures: OperationDefinition = {
	operation: 'getFeatures',
	name: 'Get Features',
	action: 'Get feature values of the account',
	description: 'Tell which Dropbox features the account has, for example whether Paper documents are files',
	routes: ['users/features/get_values'],
	properties: [
		{
			displayName: 'Features',
			name: 'features',
			type: 'multiOptions',
			required: true,
			options: [
				{ name: 'Distinct Member Home', value: 'distinct_member_home', description: 'Whether team members have their own home folder apart from the team space' },
				{ name: 'File Locking', value: 'file_locking', description: 'Whether files can be locked for editing' },
				{ name: 'Paper as Files', value: 'paper_as_files', description: 'Whether Paper documents are .paper files (use the file routes) or legacy Paper docs' },
				{ name: 'Team Shared Dropbox', value: 'team_shared_dropbox', description: 'Whether the team uses a team space' },
			],
			default: ['paper_as_files', 'file_locking'],
		},
		simplifyProperty,
	],
	async execute({ dropbox, check, param }) {
		const features = check.list('Features', param('features'), (f) => f);
		const { values } = await dropbox.rpc<{ values: Array<IDataObject & { '.tag': string }> }>('users/features/get_values', {
			features: features.map((tag) => ({ '.tag': tag })),
		});
		return toItems(param('simplify', true) ? featureValues(values) : { values });
	},
};
