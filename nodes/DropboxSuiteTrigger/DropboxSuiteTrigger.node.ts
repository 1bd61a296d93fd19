import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isSignedByDropbox, namedInNotification, parseNotification } from './signature';
import { CREDENTIAL_TYPE } from '../shared/client';
import type { FeedState } from '../shared/watch';
import { SELF, baseline, collectChanges, forgetNewest, readWatch, watchProperties } from '../shared/watch';

export class DropboxSuiteTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dropbox Suite Trigger',
		name: 'dropboxSuiteTrigger',
		icon: { light: 'file:../DropboxSuite/dropboxSuite.svg', dark: 'file:../DropboxSuite/dropboxSuite.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["path"] || "whole Dropbox") + ": " + $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when files or folders change in Dropbox, through Dropbox webhooks',
		defaults: { name: 'Dropbox Suite Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'dropboxSuiteOAuth2Api', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'dropbox' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'dropbox' },
		],
		properties: [
			{
				displayName:
					'Dropbox webhooks are set per app: in the <a href="https://www.dropbox.com/developers/apps" target="_blank">App Console</a>, open the app of this credential, and under Settings → Webhooks add the Production URL shown above (activate the workflow first: Dropbox checks the URL at once). n8n must be reachable from the internet; otherwise use the Dropbox Suite Polling Trigger.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...watchProperties,
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as FeedState;
				const watch = await readWatch(this);
				return state.key === watch.key && Object.keys(state.cursors ?? {}).length > 0;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as FeedState;
				const watch = await readWatch(this);
				forgetNewest(this);
				state.key = watch.key;
				state.cursors = await baseline(this, watch);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as FeedState;
				forgetNewest(this);
				delete state.key;
				delete state.cursors;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const response = this.getResponseObject();
		if (this.getWebhookName() === 'setup') {
			// Dropbox verifies the URL once: echo the challenge as plain text within 10 seconds.
			response.status(200).set({ 'Content-Type': 'text/plain', 'X-Content-Type-Options': 'nosniff' }).send(String((this.getQueryData() as IDataObject).challenge ?? ''));
			return { noWebhookResponse: true };
		}
		const credentials = await this.getCredentials(CREDENTIAL_TYPE);
		const rawBody = (request as { rawBody?: Buffer }).rawBody ?? Buffer.from('');
		if (!isSignedByDropbox(rawBody, this.getHeaderData()['x-dropbox-signature'], String(credentials.clientSecret ?? ''))) {
			response.status(403).send('Invalid signature');
			return { noWebhookResponse: true };
		}
		const watch = await readWatch(this, credentials);
		const named = namedInNotification(parseNotification(rawBody), watch.teamId);
		const members = watch.team
			? named.members.filter((member) => !watch.members || watch.members.includes(member))
			: watch.accountId && named.accounts.includes(watch.accountId)
				? [SELF]
				: [];
		// Dropbox waits 10 seconds at most for the answer, and reading many changes can take longer: answer now.
		// n8n saves the new cursors when webhook() returns, together with the changes handed over here; if the
		// pass fails, nothing is saved and the next notification picks the changes up.
		response.status(200).send('');
		if (!members.length) return { noWebhookResponse: true };
		const state = this.getWorkflowStaticData('node') as FeedState;
		const items = await collectChanges(this, watch, state, members);
		if (!items.length) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(items as IDataObject[])] };
	}
}
