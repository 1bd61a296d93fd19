import type { IDataObject } from 'n8n-workflow';

import { JOB_KINDS, awaitJob } from '../../../shared/jobs';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';

export const createMany: OperationDefinition = {
	operation: 'createMany',
	name: 'Create Many',
	action: 'Create many folders',
	description: 'Create several folders in one Dropbox call, one item per folder',
	routes: ['files/create_folder_batch', 'files/create_folder_batch/check'],
	properties: [
		{
			displayName: 'Folder Paths',
			name: 'paths',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			placeholder: '/Clients/Acme\n/Clients/Globex',
			description: 'Paths of the new folders, separated by commas or new lines (at most 10,000)',
		},
		{
			displayName: 'Autorename',
			name: 'autorename',
			type: 'boolean',
			default: false,
			description: 'Whether Dropbox should pick a free name when a name is taken',
		},
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const paths = check.list('Folder Paths', param('paths'), (p) => check.path('Folder Paths', p, 'write'));
		if (paths.length > 10_000) check.fail('Folder Paths', `has ${paths.length} paths`, 'Dropbox creates at most 10,000 folders per call; split them across items.');
		const launched = await dropbox.rpc<IDataObject>('files/create_folder_batch', { paths, autorename: param('autorename', false), force_async: false });
		const job = await awaitJob(dropbox, fn.getNode(), JOB_KINDS.createFolderBatch, launched, { itemIndex });
		// Still running after 15 minutes: the job ID is output for File → Get Job Status.
		if (job.status === 'in_progress') return toItems({ status: 'in_progress', async_job_id: job.asyncJobId, paths });
		return toItems(
			job.entries.map((entry, index) =>
				entry.ok ? { path: paths[index], success: true, ...entry.metadata } : { path: paths[index], success: false, error: entry.failure },
			),
		);
	},
};
