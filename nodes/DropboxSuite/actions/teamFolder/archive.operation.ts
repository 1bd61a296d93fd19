import type { IDataObject } from 'n8n-workflow';

import { awaitJob } from '../../../shared/jobs';
import { withHint } from '../teamMember/common';
import type { OperationDefinition } from '../types';
import { ARCHIVE_JOB, CREATE_HINTS, FOLDER_HINTS, byStatus, call, checkTeamFolderId, teamFolderIdField } from './common';

export const archive: OperationDefinition = {
	operation: 'archive',
	name: 'Archive',
	action: 'Archive a team folder',
	description: 'Archive an active team folder, removing its members (only for teams without a team space); Dropbox may work on it as a job',
	routes: ['team/team_folder/archive', 'team/team_folder/archive/check', 'team/team_folder/get_info'],
	properties: [
		teamFolderIdField,
		{
			displayName: 'Wait for Completion',
			name: 'wait',
			type: 'boolean',
			default: true,
			description: 'Whether to wait until Dropbox has finished; otherwise the output holds the job ID (async_job_id) while Dropbox works on',
		},
	],
	async execute(ctx) {
		const id = checkTeamFolderId(ctx.check, 'Team Folder ID', ctx.param('teamFolderId'));
		const launched = await call<IDataObject>(ctx, 'team/team_folder/archive', { team_folder_id: id }, {
			hints: CREATE_HINTS,
			reconcile: { whatToCheck: `whether team folder ${id} is archived (Team Folder → Get)`, check: byStatus(ctx, id, ['archived', 'archive_in_progress'], ['active']) },
		});
		if (launched['.tag'] !== 'async_job_id') {
			const metadata = { ...launched };
			delete metadata['.tag'];
			return [{ json: { ...metadata, job_status: 'complete' } }];
		}
		if (!ctx.param('wait', true)) return [{ json: { team_folder_id: id, job_status: 'in_progress', async_job_id: launched.async_job_id } }];
		const state = await awaitJob(ctx.dropbox, ctx.fn.getNode(), ARCHIVE_JOB, launched, { itemIndex: ctx.itemIndex }).catch((error: unknown) => withHint(ctx, error, FOLDER_HINTS));
		if (state.status === 'in_progress') return [{ json: { team_folder_id: id, job_status: 'in_progress', async_job_id: state.asyncJobId } }];
		const [entry] = state.entries;
		return [{ json: { ...(entry?.ok ? entry.metadata : { team_folder_id: id }), job_status: 'complete' } }];
	},
};
