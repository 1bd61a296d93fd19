import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { Entry } from '../shared/changes';
import { describeChanges } from '../shared/changes';
import { paginate } from '../shared/paginate';
import type { FeedState } from '../shared/watch';
import { SELF, baseline, clientFor, collectChanges, membersOf, readWatch, watchFromNow, watchProperties } from '../shared/watch';
import { searchTeamMembers, searchTeamNamespaces } from '../shared/team';

/** How many recent files a manual test run shows, so fields can be mapped before anything changes. */
const SAMPLE_SIZE = 5;

export class DropboxSuitePollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dropbox Suite Polling Trigger',
		name: 'dropboxSuitePollingTrigger',
		icon: { light: 'file:../DropboxSuite/dropboxSuite.svg', dark: 'file:../DropboxSuite/dropboxSuite.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["path"] || "whole Dropbox") + ": " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when files or folders change in Dropbox, by checking at the poll times (no public URL needed)',
		defaults: { name: 'Dropbox Suite Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dropboxSuiteOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Checks Dropbox at the poll times below and reports what changed since the last check, in order. Prefer the Dropbox Suite Trigger (webhooks) when Dropbox can reach this n8n.',
				name: 'pollNotice',
				type: 'notice',
				default: '',
			},
			...watchProperties,
		],
	};

	methods = { listSearch: { searchTeamMembers, searchTeamNamespaces } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const watch = await readWatch(this);
		if (this.getMode() === 'manual') return [this.helpers.returnJsonArray(await sample(this, watch))];
		const state = this.getWorkflowStaticData('node') as FeedState;
		if (state.key !== watch.key) {
			// First poll, or the settings changed: start from now, as the webhook trigger does on activation.
			watchFromNow(state, watch, await baseline(this, watch, state));
			return null;
		}
		const items = await collectChanges(this, watch, state);
		return items.length ? [this.helpers.returnJsonArray(items)] : null;
	}
}

/** The latest files of the watched folder, shaped like change items: for mapping fields in the editor. */
async function sample(fn: IPollFunctions, watch: Awaited<ReturnType<typeof readWatch>>): Promise<IDataObject[]> {
	const [member] = await membersOf(fn, watch);
	const dropbox = clientFor(fn, watch, member);
	const page = await paginate<Entry>(dropbox, {
		route: 'files/list_folder',
		arg: { path: watch.scope.path, recursive: watch.scope.recursive, include_non_downloadable_files: watch.scope.includeNonDownloadable, limit: 200 },
		continueRoute: 'files/list_folder/continue',
		itemsKey: 'entries',
		limit: 200,
	});
	const recent = page.items
		.filter((entry) => entry['.tag'] === 'file')
		.sort((a, b) => String(b.server_modified).localeCompare(String(a.server_modified)))
		.slice(0, SAMPLE_SIZE);
	const changes = await describeChanges(dropbox, recent, watch.scope, { ...watch.filter, events: ['fileAdded', 'fileModified'] });
	const who = member === SELF ? { accountId: watch.accountId ?? null } : { teamMemberId: member, teamId: watch.teamId ?? null };
	return changes.map((change) => ({ ...change, ...who, sample: true }));
}
