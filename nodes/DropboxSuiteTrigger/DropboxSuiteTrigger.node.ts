import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, sleep } from 'n8n-workflow';

import { isSignedByDropbox, namedInNotification, parseNotification } from './signature';
import { CREDENTIAL_TYPE } from '../shared/client';
import type { FeedState, Pass } from '../shared/watch';
import { SELF, baseline, describeFailures, forgetFeed, forgetNewest, joinPass, readWatch, watchFromNow, watchProperties } from '../shared/watch';
import { searchTeamMembers, searchTeamNamespaces } from '../shared/team';

/** Dropbox waits 10 seconds for an answer; a pass still running after this long is answered before it ends. */
export const ANSWER_WITHIN_MS = 8_000;

export class DropboxSuiteTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Dropbox Suite Trigger',
		name: 'dropboxSuiteTrigger',
		icon: { light: 'file:../DropboxSuite/dropboxSuite.svg', dark: 'file:../DropboxSuite/dropboxSuite.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["path"] || "whole Dropbox") + ": " + $parameter["events"].join(", ") }}',
		// n8n's node creator merges a trigger into the action node whose type name is its own without "Trigger"
		// (dropboxSuiteTrigger → dropboxSuite) and shows the merged entry with the TRIGGER's description
		// (generateMergedNodesAndActions in the editor's useActionsGeneration.ts). So this text is what people read
		// for the action node too: it names what the node does first, then this trigger. The entry's trigger list
		// ("On file added", ...) comes from the Events parameter; the long-poll and polling triggers keep entries
		// of their own.
		description: 'Upload, download and manage Dropbox files, folders, sharing and teams; or start a workflow when files change, through Dropbox webhooks',
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
					'Dropbox webhooks are set per app: in the <a href="https://www.dropbox.com/developers/apps" target="_blank">App Console</a>, open the app of this credential, and under Settings → Webhooks add the Production URL shown above (publish the workflow first: Dropbox checks the URL at once). n8n must be reachable from the internet; otherwise use the Dropbox Suite Long-Poll Trigger or Polling Trigger.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			...watchProperties,
		],
	};

	methods = { listSearch: { searchTeamMembers, searchTeamNamespaces } };

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
				watchFromNow(state, watch, await baseline(this, watch, state));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as FeedState;
				forgetFeed(this, state);
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
		if (!members.length) {
			response.status(200).send('');
			return { noWebhookResponse: true };
		}
		// The answer tells Dropbox whether to send this notification again (it retries failed or unanswered ones
		// for about ten minutes): 200 once every change is read; 500 when a member's changes could not be read; 503
		// when the pass is still running after ANSWER_WITHIN_MS, so that a pass failing later is still retried.
		// A repeat costs one call (files/list_folder/continue) when there is nothing left to read.
		// A notification arriving while this trigger's next pass is queued joins that pass (it reads this
		// notification's changes too); only the first request of a pass hands its changes over and reports its errors.
		const state = this.getWorkflowStaticData('node') as FeedState;
		const joined = joinPass(this, watch, state, members);
		const answered = answerDropbox(this, joined.pass);
		// The others return at once, their answer still to come (n8n leaves the response to a node that says
		// noWebhookResponse): n8n holds resources for every request until webhook() returns (n8n 2.41 a whole
		// expression isolate each), which under a burst of notifications cost the webhook processors GBs of memory
		// and their answers' time.
		if (!joined.handsOver) return { noWebhookResponse: true };
		let pass: Pass | undefined;
		let failed: unknown;
		await joined.pass.then(
			(done) => (pass = done),
			(error: unknown) => (failed = error ?? new Error('The pass failed')),
		);
		await answered;
		if (failed !== undefined) throw failed;
		const { items, failures } = pass as Pass;
		// Nothing read: the error is thrown, and n8n records it as a failed execution of the workflow. Some changes
		// read: they are handed over, and what failed goes to n8n's log; Dropbox's repeat reads it again.
		if (failures.length && !items.length) throw failures[0].error;
		if (failures.length) {
			this.logger.error(`Dropbox Suite Trigger: changes of ${describeFailures(failures)} could not be read; they are read again when Dropbox repeats the notification, or with the next one.`);
		}
		if (!items.length) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(items)] };
	}
}

/**
 * Answers Dropbox by the outcome of the pass (see webhook()): 200 when it read everything, 500 when a member failed
 * (or the pass did), 503 when it is still running after ANSWER_WITHIN_MS.
 */
async function answerDropbox(fn: IWebhookFunctions, pass: Promise<Pass>): Promise<void> {
	const response = fn.getResponseObject();
	let status: number | undefined;
	const settled = pass.then(
		(done) => (status = done.failures.length ? 500 : 200),
		() => (status = 500),
	);
	await Promise.race([settled, sleep(ANSWER_WITHIN_MS)]);
	try {
		response.status(status ?? 503).send('');
	} catch (error) {
		// Nobody awaits a joined request's answer: a failure here must not become an unhandled rejection.
		fn.logger.warn(`Dropbox Suite Trigger: the answer to Dropbox could not be sent (${(error as Error).message}); Dropbox sends the notification again.`);
	}
}
