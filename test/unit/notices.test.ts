// Texts a person reads in the panels: what they say must be where they say it and spelt right.
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { DirectoryLoader } from 'n8n-core';

import { resources } from '../../nodes/DropboxSuite/actions/catalog';
import { DropboxSuitePollingTrigger } from '../../nodes/DropboxSuitePollingTrigger/DropboxSuitePollingTrigger.node';

describe('notices', () => {
	it('of the batch operations use the past participle of each verb ("all items are copied")', () => {
		const notices = resources
			.flatMap((resource) => resource.operations)
			.flatMap((op) => op.properties as INodeProperties[])
			.filter((p) => p.type === 'notice')
			.map((p) => /all items are (\S+) in Dropbox batch calls/.exec(p.displayName)?.[1])
			.filter(Boolean);
		expect(notices.length).toBeGreaterThanOrEqual(4);
		expect(notices).toEqual(expect.arrayContaining(['copied', 'moved', 'deleted', 'created']));
		// "copyd" was the generator's once; every verb it is given must be written out.
		for (const verb of notices) expect(verb).toMatch(/[^y]ed$/);
	});

	it('of the polling trigger points up at the poll times, which n8n puts first', () => {
		const trigger = new DropboxSuitePollingTrigger() as INodeType;
		// What n8n's loader does to a polling node: its Poll Times go before the node's own parameters.
		(DirectoryLoader.prototype as unknown as { applySpecialNodeParameters(node: INodeType): void }).applySpecialNodeParameters.call({}, trigger);
		const names = trigger.description.properties.map((p) => p.name);
		expect(names.indexOf('pollTimes')).toBeLessThan(names.indexOf('pollNotice'));
		const notice = trigger.description.properties.find((p) => p.name === 'pollNotice');
		expect(notice?.displayName).toContain('Poll Times set above');
		expect(notice?.displayName).not.toContain('below');
	});
});
