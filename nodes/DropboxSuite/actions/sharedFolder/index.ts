import type { ResourceDefinition } from '../types';
import { addMembers } from './addMembers.operation';
import { get } from './get.operation';
import { list } from './list.operation';
import { listMembers } from './listMembers.operation';
import { listMountable } from './listMountable.operation';
import { mount } from './mount.operation';
import { relinquishMembership } from './relinquishMembership.operation';
import { removeMember } from './removeMember.operation';
import { setAccessInheritance } from './setAccessInheritance.operation';
import { share } from './share.operation';
import { transferOwnership } from './transferOwnership.operation';
import { unmount } from './unmount.operation';
import { unshare } from './unshare.operation';
import { updateMemberAccess } from './updateMemberAccess.operation';
import { updatePolicy } from './updatePolicy.operation';

/** Shared folders and their members: every member operation works on one shared folder, so they live here. */
export const sharedFolder: ResourceDefinition = {
	value: 'sharedFolder',
	name: 'Shared Folder',
	defaultOperation: 'share',
	description: 'Share folders, manage their members, mount and leave shared folders',
	operations: [
		addMembers,
		get,
		list,
		listMembers,
		listMountable,
		mount,
		relinquishMembership,
		removeMember,
		setAccessInheritance,
		share,
		transferOwnership,
		unmount,
		unshare,
		updateMemberAccess,
		updatePolicy,
	],
};
