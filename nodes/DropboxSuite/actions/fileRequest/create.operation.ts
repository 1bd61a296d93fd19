import type { IDataObject } from 'n8n-workflow';

import type { DropboxClient, Reconcile } from '../../../shared/client';
import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { paginate } from '../../../shared/paginate';
import { optionsCollection } from '../common/options';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { deadlineArg, deadlineOption, descriptionOption, destinationField, destinationPath, explainFileRequestError, lateUploadsOption, title, titleField } from './common';

/**
 * How far before sending a request found afterwards may have been created: Dropbox's clock and this machine's may
 * differ, and Dropbox's timestamps have whole seconds.
 */
const CLOCK_MARGIN_MS = 60_000;

/**
 * After the create's answer was lost: a request with the same title and destination created since just before
 * sending is the one made; none means it was not made (it is sent again); several cannot be told apart: unknown.
 */
function made(dropbox: DropboxClient, arg: { title: string; destination: string }, sentAt: number): Reconcile<IDataObject> {
	return {
		whatToCheck: `whether a file request "${arg.title}" for "${arg.destination}" was made (File Request → List)`,
		async check() {
			const { items } = await paginate<IDataObject>(dropbox, {
				route: 'file_requests/list_v2',
				arg: { limit: 1000 },
				continueRoute: 'file_requests/list/continue',
				itemsKey: 'file_requests',
			});
			const same = items.filter(
				(request) =>
					request.title === arg.title &&
					String(request.destination ?? '').toLowerCase() === arg.destination.toLowerCase() &&
					Date.parse(String(request.created)) >= sentAt - CLOCK_MARGIN_MS,
			);
			if (same.length === 1) return applied(same[0]);
			return same.length ? unknownOutcome : notApplied;
		},
	};
}

export const create: OperationDefinition = {
	operation: 'create',
	name: 'Create',
	action: 'Create a file request',
	description: 'Ask people for files: a link anyone can use to upload into a folder of yours, with an optional deadline',
	routes: ['file_requests/create', 'file_requests/list_v2', 'file_requests/list/continue'],
	properties: [
		titleField,
		destinationField,
		optionsCollection([
			descriptionOption,
			deadlineOption,
			lateUploadsOption,
			{
				displayName: 'Open',
				name: 'open',
				type: 'boolean',
				default: true,
				description: 'Whether the request takes files from the start; a closed request can be opened later with Update',
			},
		]),
	],
	async execute({ fn, dropbox, check, param }) {
		const options = param<IDataObject>('options', {});
		const arg: IDataObject & { title: string; destination: string } = {
			title: title(check, param('title')),
			destination: destinationPath(check, 'Destination Folder', param('destination')),
		};
		const deadline = deadlineArg(check, options);
		if (deadline) arg.deadline = deadline;
		if (options.open === false) arg.open = false;
		if (options.description) arg.description = String(options.description);
		const request = await dropbox
			.rpc<IDataObject>('file_requests/create', arg, { reconcile: made(dropbox, arg, Date.now()) })
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error, { destination: arg.destination, settingDeadline: !!deadline }));
		return toItems(request);
	},
};
