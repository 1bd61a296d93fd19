import type { JobKindName } from '../../../shared/jobs';
import { JOB_KINDS, checkJob } from '../../../shared/jobs';
import type { OperationDefinition } from '../types';
import { outcomeItem } from './batchOperation';

const kinds = Object.entries(JOB_KINDS) as Array<[JobKindName, (typeof JOB_KINDS)[JobKindName]]>;

export const getJobStatus: OperationDefinition = {
	operation: 'getJobStatus',
	name: 'Get Job Status',
	action: 'Get the status of a Dropbox job',
	description: 'Look at a job a batch or Save From URL started: still in progress, or each entry\'s outcome once complete',
	routes: [...new Set(kinds.map(([, kind]) => kind.checkRoute))],
	properties: [
		{
			displayName: 'Job ID',
			name: 'jobId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'dbjid:AABkb3...',
			description: 'The async_job_id an earlier run returned with status "in_progress"',
		},
		{
			displayName: 'Job Kind',
			name: 'jobKind',
			type: 'options',
			options: kinds.map(([value, kind]) => ({ name: kind.name, value })).sort((a, b) => a.name.localeCompare(b.name)),
			default: 'copyBatch',
			description: 'The operation that started the job',
		},
	],
	async execute({ fn, itemIndex, dropbox, check, param }) {
		const asyncJobId = check.required('Job ID', param('jobId'));
		const name = param<string>('jobKind');
		if (!(name in JOB_KINDS)) check.fail('Job Kind', `"${name}" is not a known job kind`, `Choose one of: ${kinds.map(([, k]) => k.name).join(', ')}.`);
		const kind = JOB_KINDS[name as JobKindName];
		const state = await checkJob(dropbox, fn.getNode(), kind, asyncJobId, itemIndex);
		if (state.status === 'in_progress') return [{ json: { async_job_id: asyncJobId, status: 'in_progress' } }];
		// One item per entry, in the order the job's entries were launched (job_index matches the launch's output).
		return state.entries.flatMap((outcome, jobIndex) => outcomeItem(fn.getNode(), kind.checkRoute, { async_job_id: asyncJobId, job_index: jobIndex }, outcome, itemIndex));
	},
};
