import { toItems } from '../common/output';
import type { OperationDefinition } from '../types';
import { explained, receivedFileIdOf, receivedFileLocator } from './common';

// sharing/relinquish_access is Dropbox's newer, broader way to leave: best-effort and idempotent (so it is safe to
// send again after a lost answer), it also drops access gained by opening a link. Its scope is private:sharing.write.
export const relinquishAccess: OperationDefinition = {
	operation: 'relinquishAccess',
	name: 'Relinquish All Access',
	action: 'Drop all of this account\'s access to a file',
	description:
		'Remove every access this account can remove itself from a file: membership and access through a link. Dropbox marks its scope private (private:sharing.write) and the App Console does not offer it to every app; Relinquish Membership needs only sharing.write.',
	routes: ['sharing/relinquish_access'],
	properties: [receivedFileLocator],
	async execute({ dropbox, check, param, fn }) {
		const file = receivedFileIdOf(check, param('file'));
		await explained(fn.getNode(), dropbox.rpc('sharing/relinquish_access', { file_id: file }));
		return toItems({ file, relinquished: true });
	},
};
