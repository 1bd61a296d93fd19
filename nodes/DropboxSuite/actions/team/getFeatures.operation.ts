import type { IDataObject } from 'n8n-workflow';

import { featureValues, toItems } from '../common/output';
import { simplifyProperty } from '../common/options';
import type { OperationDefinition } from '../types';

export const getFeatures: OperationDefinition = {
	operation: 'getFeatures',
	name: 'Get Features',
	action: 'Get feature values of the team',
	description: 'Tell which Dropbox features the team has, for example whether it uses a team space',
	routes: ['team/features/get_values'],
	properties: [
		{
			displayName: 'Features',
			name: 'features',
			type: 'multiOptions',
			required: true,
			options: [
				{ name: 'Distinct Member Homes', value: 'has_distinct_member_homes', description: 'Whether members have home folders apart from the team space' },
				{ name: 'Team File Events', value: 'has_team_file_events', description: 'Whether the team has file events' },
				{ name: 'Team Selective Sync', value: 'has_team_selective_sync', description: 'Whether the team can choose which team folders sync' },
				{ name: 'Team Space', value: 'has_team_shared_dropbox', description: 'Whether the team uses a team space (then team folders cannot be created or archived through the API)' },
				{ name: 'Upload API Rate Limit', value: 'upload_api_rate_limit', description: 'How many uploads a month the team\'s apps may make' },
			],
			default: ['has_team_shared_dropbox', 'has_distinct_member_homes'],
		},
		simplifyProperty,
	],
	async execute({ dropbox, check, param }) {
		const features = check.list('Features', param('features'), (f) => f);
		const { values } = await dropbox.rpc<{ values: Array<IDataObject & { '.tag': string }> }>('team/features/get_values', { features: features.map((tag) => ({ '.tag': tag })) });
		return toItems(param('simplify', true) ? featureValues(values) : { values });
	},
};
