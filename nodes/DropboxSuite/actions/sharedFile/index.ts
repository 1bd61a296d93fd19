import type { ResourceDefinition } from '../types';
import { addMembers } from './addMembers.operation';
import { getMetadata } from './getMetadata.operation';
import { getMetadataOfMany } from './getMetadataOfMany.operation';
import { listMembers } from './listMembers.operation';
import { listMembersOfMany } from './listMembersOfMany.operation';
import { listReceived } from './listReceived.operation';
import { relinquish } from './relinquish.operation';
import { relinquishAccess } from './relinquishAccess.operation';
import { removeMember } from './removeMember.operation';
import { unshare } from './unshare.operation';
import { updateMember } from './updateMember.operation';
import { updatePolicy } from './updatePolicy.operation';

export const sharedFile: ResourceDefinition = {
	value: 'sharedFile',
	name: 'Shared File',
	defaultOperation: 'addMembers',
	description: 'Share single files with people: members, their access, files shared with this account',
	operations: [
		addMembers,
		getMetadata,
		getMetadataOfMany,
		listMembers,
		listMembersOfMany,
		listReceived,
		relinquish,
		relinquishAccess,
		removeMember,
		unshare,
		updateMember,
		updatePolicy,
	],
};
