import type { ResourceDefinition } from '../types';
import { activate } from './activate.operation';
import { archive } from './archive.operation';
import { create } from './create.operation';
import { get } from './get.operation';
import { list } from './list.operation';
import { permanentlyDelete } from './permanentlyDelete.operation';
import { rename } from './rename.operation';
import { restore } from './restore.operation';
import { updateSyncSettings } from './updateSyncSettings.operation';

/** The team's team folders, for a team-linked app (Dropbox Business). */
export const teamFolder: ResourceDefinition = {
	value: 'teamFolder',
	name: 'Team Folder',
	description: 'Create, rename, archive, activate and delete the team folders of a Dropbox team',
	teamOnly: true,
	defaultOperation: 'list',
	operations: [activate, archive, create, get, list, permanentlyDelete, rename, restore, updateSyncSettings],
};
