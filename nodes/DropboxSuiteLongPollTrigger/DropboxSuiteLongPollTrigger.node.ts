import type { INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { FollowedWatch } from '../shared/longpoll';
import { followWatch, startingCursors } from '../shared/longpoll';
import type { FeedState } from '../shared/watch';
import { readWatch, watchProperties } from '../shared/watch';

export class DropboxSuiteLongPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dropbox Suite Long-Poll Trigger',
		name: 'dropboxSuiteLongPollTrigger',
		icon: { light: 'file:../DropboxSuite/dropboxSuite.svg', dark: 'file:../DropboxSuite/dropboxSuite.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["path"] || "whole Dropbox") + ": " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow within about a second of a change in Dropbox, by keeping a request open to Dropbox (no public URL needed)',
		defaults: { name: 'Dropbox Suite Long-Poll Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dropboxSuiteOAuth2Api', required: true }],
		properties: [
			{
				displayName:
					'While the workflow is published, n8n keeps a request open to Dropbox that returns as soon as something changes (Dropbox\'s long-poll), then reads the changes. For n8n on a laptop or behind a firewall: nothing has to reach n8n. When Dropbox can reach n8n, the Dropbox Suite Trigger (webhooks) needs no open connection.',
				name: 'longPollNotice',
				type: 'notice',
				default: '',
			},
			...watchProperties,
		],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manual = this.getMode() === 'manual';
		const watch = await readWatch(this);
		// A manual run waits for the next change from now and saves nothing; an active workflow follows the
		// cursors in its static data, which n8n saves with every execution it starts.
		const state: FeedState = manual ? {} : (this.getWorkflowStaticData('node') as FeedState);
		const members = await startingCursors(this, watch, state);
		const follow = () =>
			followWatch(this, watch, state, members, {
				emit: (items) => {
					this.emit([this.helpers.returnJsonArray(items)]);
					// The editor needs one execution to map fields from.
					if (manual) void followed?.stop();
				},
				onFailure: (error) => {
					if (!manual) return this.saveFailedExecution(error);
					this.emitError(error);
					void followed?.stop();
				},
			});
		let followed: FollowedWatch | undefined;
		if (!manual) {
			followed = follow();
			return { closeFunction: followed.stop };
		}
		return {
			closeFunction: async () => await followed?.stop(),
			// Started only now: n8n hands the manual run its own emit after trigger() returns, and waits for it once
			// this function returns.
			manualTriggerFunction: async () => {
				followed = follow();
			},
		};
	}
}
