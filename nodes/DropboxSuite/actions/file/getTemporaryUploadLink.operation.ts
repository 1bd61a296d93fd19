import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import { pathField } from '../common/paths';
import { commitInfo, writeOptionFields } from '../common/write';
import type { OperationDefinition } from '../types';

export const getTemporaryUploadLink: OperationDefinition = {
	operation: 'getTemporaryUploadLink',
	name: 'Get Temporary Upload Link',
	action: 'Get a temporary upload link',
	description: 'Get a link that lets anyone upload one file to the given path with a POST of the bytes',
	routes: ['files/get_temporary_upload_link'],
	properties: [
		pathField('path', 'File Path', '/Inbox/scan.pdf', 'Where the uploaded file will go'),
		{
			displayName: 'Valid For (Minutes)',
			name: 'durationMinutes',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 240 },
			default: 240,
			description: 'How long the link works (1 minute to 4 hours)',
		},
		optionsCollection(writeOptionFields),
	],
	async execute({ dropbox, check, param }) {
		const path = check.path('File Path', param('path'), 'write');
		const commit = commitInfo(check, path, param<IDataObject>('options', {}));
		const minutes = Number(param('durationMinutes', 240));
		if (!(minutes >= 1 && minutes <= 240))
			check.fail('Valid For (Minutes)', `${minutes} is out of range`, 'Dropbox allows 1 to 240 minutes.');
		const result = await dropbox.rpc<IDataObject>('files/get_temporary_upload_link', { commit_info: commit, duration: minutes * 60 });
		return toItems({ ...result, path });
	},
};
