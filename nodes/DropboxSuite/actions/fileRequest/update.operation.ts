import type { IDataObject } from 'n8n-workflow';

import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { deadlineArg, deadlineOption, descriptionOption, destinationPath, explainFileRequestError, fileRequestId, idField, lateUploadsOption, title } from './common';

export const update: OperationDefinition = {
	operation: 'update',
	name: 'Update',
	action: 'Update a file request',
	description: 'Change the title, folder, description or deadline of a file request, remove its deadline, or close and reopen it',
	routes: ['file_requests/update', 'file_requests/get'],
	properties: [
		idField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ ...lateUploadsOption, description: 'How long after the deadline files are still taken (marked late); keeps the current deadline when Deadline is not given' },
				{ ...deadlineOption, description: 'A new deadline; must lie in the future (needs a paid Dropbox plan)' },
				descriptionOption,
				{
					displayName: 'Destination Folder',
					name: 'destination',
					type: 'string',
					default: '',
					placeholder: '/Clients/Acme/Documents',
					description: 'The folder new uploads go to from now on; files already received stay where they are',
				},
				{ displayName: 'Remove Deadline', name: 'removeDeadline', type: 'boolean', default: false, description: 'Whether to let the request take files with no end date' },
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Open', value: 'open', description: 'The request takes files (reopens a closed one)' },
						{ name: 'Closed', value: 'closed', description: 'The request takes no more files until reopened' },
					],
					default: 'open',
					description: 'Whether the request takes files',
				},
				{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'A new title; it cannot be empty' },
			],
		},
	],
	async execute({ fn, dropbox, check, param }) {
		const id = fileRequestId(check, 'File Request ID', param('id'));
		const fields = param<IDataObject>('updateFields', {});
		const arg: IDataObject = { id };
		if (fields.title !== undefined) arg.title = title(check, fields.title);
		if (fields.destination !== undefined) arg.destination = destinationPath(check, 'Destination Folder', fields.destination);
		if (fields.description !== undefined) arg.description = String(fields.description);
		if (fields.status !== undefined) arg.open = fields.status === 'open';
		const lateOnly = !fields.deadline && fields.allowLateUploads !== undefined;
		if (fields.removeDeadline) {
			if (fields.deadline || lateOnly)
				check.fail('Remove Deadline', 'is given together with a Deadline or Allow Late Uploads', 'Either set a new deadline or remove it, not both.');
			// UpdateFileRequestDeadline's "update" with no deadline clears it.
			arg.deadline = { '.tag': 'update' };
		} else if (!lateOnly) {
			const deadline = deadlineArg(check, fields);
			if (deadline) arg.deadline = { '.tag': 'update', ...deadline };
		}
		if (Object.keys(arg).length === 1 && !lateOnly)
			check.fail('Update Fields', 'is empty', 'Add at least one field to change, such as Status or Deadline.');
		if (lateOnly) {
			// Dropbox sets the deadline and its late-upload period together: keep the request's current deadline.
			const current = await dropbox
				.rpc<IDataObject>('file_requests/get', { id })
				.catch((error: unknown) => explainFileRequestError(fn.getNode(), error));
			const currentDeadline = (current.deadline as IDataObject | undefined)?.deadline;
			if (!currentDeadline)
				check.fail('Allow Late Uploads', 'needs a Deadline, and this request has none', 'Set a Deadline together with Allow Late Uploads.');
			arg.deadline = { '.tag': 'update', deadline: currentDeadline };
			if (fields.allowLateUploads !== 'none') (arg.deadline as IDataObject).allow_late_uploads = fields.allowLateUploads;
		}
		const settingDeadline = !!(arg.deadline as IDataObject | undefined)?.deadline;
		const request = await dropbox
			.rpc<IDataObject>('file_requests/update', arg)
			.catch((error: unknown) => explainFileRequestError(fn.getNode(), error, { destination: arg.destination as string | undefined, settingDeadline }));
		return toItems(request);
	},
};
