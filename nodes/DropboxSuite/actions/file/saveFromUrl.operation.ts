import type { IDataObject } from 'n8n-workflow';

import { waitForJob } from '../../../shared/jobs';
import { toItems } from '../output';
import type { OperationDefinition } from '../types';

export const saveFromUrl: OperationDefinition = {
	operation: 'saveFromUrl',
	name: 'Save From URL',
	action: 'Save a file from a URL',
	description: 'Let Dropbox download a file from a public URL straight into a path (up to 15 minutes)',
	routes: ['files/save_url', 'files/save_url/check_job_status'],
	properties: [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://example.com/report.pdf',
			description: 'A public address Dropbox can download',
		},
		{
			displayName: 'File Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: '/Downloads/report.pdf',
			description: 'Where to save the file, with its name',
		},
		{
			displayName: 'Wait for Completion',
			name: 'wait',
			type: 'boolean',
			default: true,
			description: 'Whether to wait until Dropbox has saved the file and return its metadata, or return the job ID at once',
		},
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const url = check.required('URL', param('url'));
		if (!/^https?:\/\/[^\s]+$/i.test(url)) check.fail('URL', `"${url}" is not a web address`, 'Give a full address starting with https:// or http://.');
		const path = check.path('File Path', param('path'), 'write');
		const launched = await dropbox.rpc<IDataObject>('files/save_url', { path, url });
		if (!param('wait', true)) return toItems({ path, ...launched });
		const done = await waitForJob<IDataObject>(dropbox, fn.getNode(), launched, { checkRoute: 'files/save_url/check_job_status', itemIndex });
		// `complete` carries the saved file's metadata beside the union tag.
		const metadata = { ...done };
		delete metadata['.tag'];
		return toItems(metadata);
	},
};
