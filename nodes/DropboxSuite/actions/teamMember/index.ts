import type { ResourceDefinition } from '../types';
import { add } from './add.operation';
import { get } from './get.operation';
import { list } from './list.operation';
import { listRoles } from './listRoles.operation';
import { recover } from './recover.operation';
import { remove } from './remove.operation';
import { sendWelcomeEmail } from './sendWelcomeEmail.operation';
import { setAdminRole } from './setAdminRole.operation';
import { setProfile } from './setProfile.operation';
import { suspend } from './suspend.operation';
import { unsuspend } from './unsuspend.operation';

/** The team's members, for a team-linked app (Dropbox Business). */
export const teamMember: ResourceDefinition = {
	value: 'teamMember',
	name: 'Team Member',
	description: 'Add, find, suspend and remove the members of a Dropbox team, and set their profiles and admin roles',
	teamOnly: true,
	defaultOperation: 'list',
	operations: [add, get, list, listRoles, recover, remove, sendWelcomeEmail, setAdminRole, setProfile, suspend, unsuspend],
};
