import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, unknownOutcome } from '../../../shared/client';
import { JOB_KINDS, awaitJob } from '../../../shared/jobs';
import { lookup } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

/**
 * After the launch's answer was lost: a file at the path (which was free before) is the saved file, returned as a
 * completed job. Nothing there yet may be a download still under way, so the launch is never sent again: unknown.
 * A path taken before the launch tells nothing (the file there is not this one).
 */
function savedAt(dropbox: DropboxClient, path: string, takenBefore: boolean): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether the file from the URL appears at "${path}"${takenBefore ? ' or beside it under a new name' : ''} in the next minutes (Dropbox may still be downloading it)`,
		async check() {
			if (takenBefore) return unknownOutcome;
			const now = await lookup(dropbox, path);
			return now?.['.tag'] === 'file' ? applied({ ...now, '.tag': 'complete' }) : unknownOutcome;
		},
	};
}

export const saveFromUrl: OperationDefinition = {
	operation: 'saveFromUrl',
	name: 'Save From URL',
	action: 'Save a file from a URL',
	description: 'Let Dropbox download a file from a public URL straight into a path (up to 15 minutes)',
	routes: ['files/save_url', 'files/save_url/check_job_status', 'files/get_metadata'],
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
		// Looked at first: after a lost answer, a file at a path that was free is the one this launch saved.
		const takenBefore = (await lookup(dropbox, path)) !== null;
		const launched = await dropbox.rpc<IDataObject>('files/save_url', { path, url }, { reconcile: savedAt(dropbox, path, takenBefore) });
		if (!param('wait', true)) return toItems({ path, ...launched });
		// Up to 15 minutes; if Dropbox is still downloading then, the job ID is output for File → Get Job Status.
		const job = await awaitJob(dropbox, fn.getNode(), JOB_KINDS.saveUrl, launched, { itemIndex });
		if (job.status === 'in_progress') return toItems({ path, status: 'in_progress', async_job_id: job.asyncJobId });
		return toItems((job.entries[0] as { metadata: IDataObject }).metadata);
	},
};
