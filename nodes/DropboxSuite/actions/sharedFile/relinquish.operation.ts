import { applied, notApplied, unknownOutcome } from '../../../shared/client';
import { dropboxErrorOf } from '../../../shared/reconcile';
import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, receivedFileIdOf, receivedFileLocator } from './common';

export const relinquish: OperationDefinition = {
	operation: 'relinquish',
	name: 'Relinquish Membership',
	action: 'Leave a file shared with this account',
	description: 'Give up this account\'s membership of a file someone shared with it',
	routes: ['sharing/relinquish_file_membership', 'sharing/get_file_metadata'],
	properties: [receivedFileLocator],
	async execute({ dropbox, check, param, fn }) {
		const file = receivedFileIdOf(check, param('file'));
		await explained(
			fn.getNode(),
			dropbox.rpc('sharing/relinquish_file_membership', { file }, {
				// After a lost answer: a file this account can no longer reach was left; one it still reaches was not.
				reconcile: {
					whatToCheck: `whether "${file}" is still in List Received Files`,
					check: async () =>
						await dropbox.rpc('sharing/get_file_metadata', { file }).then(
							() => notApplied,
							(error: unknown) => (dropboxErrorOf(error)?.['.tag'] === 'access_error' ? applied(null) : unknownOutcome),
						),
				},
			}),
		);
		return toItems({ file, relinquished: true });
	},
};
