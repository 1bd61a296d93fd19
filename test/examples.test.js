// The example workflows in examples/ as files: what `npm start` imports and a person opens. Each one says on the
// canvas what it does and what to change for a real Dropbox; ids, names and credentials follow examples/README.md.
// (Running them is the end-to-end suite's part: test/e2e/areas/*.ts.)
'use strict';
const { readExamples } = require('../scripts/n8n.cjs');

const examples = readExamples();
const DROPBOX_TYPES = ['n8n-nodes-dropbox-suite.dropboxSuite', 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger', 'n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger', 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger'];
const CHANGE_TRIGGERS = ['n8n-nodes-dropbox-suite.dropboxSuiteLongPollTrigger', 'n8n-nodes-dropbox-suite.dropboxSuitePollingTrigger'];
const STAND_IN_CREDENTIALS = ['DbxSuiteStandIn1', 'DbxSuiteStandInTm'];

describe('examples/*.json', () => {
	it('are there, with unique fixed ids and the name prefix', () => {
		expect(examples.length).toBeGreaterThanOrEqual(13);
		const ids = examples.map(({ workflow }) => workflow.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const { file, workflow } of examples) {
			expect([file, workflow.id]).toEqual([file, expect.stringMatching(/^[A-Za-z0-9]{16,21}$/)]);
			expect([file, workflow.name]).toEqual([file, expect.stringMatching(/^Dropbox Suite example: \S/)]);
		}
	});

	it.each(examples.map(({ file, workflow }) => [file, workflow]))('%s has a sticky note: what it does, what to change for a real Dropbox', (_file, workflow) => {
		const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
		expect(notes).toHaveLength(1);
		const content = String(notes[0].parameters.content);
		expect(content).toMatch(/^## \S/); // a title
		expect(content).toMatch(/\*\*For a real Dropbox:\*\*/);
		expect(content).not.toMatch(/\bactivat/i); // n8n 2.x says Publish
		// Above the nodes, not over them.
		const top = Math.min(...workflow.nodes.filter((node) => node !== notes[0]).map((node) => node.position[1]));
		expect(notes[0].position[1] + notes[0].parameters.height).toBeLessThanOrEqual(top);
	});

	it.each(examples.map(({ file, workflow }) => [file, workflow]))('%s: Dropbox nodes use a stand-in credential; a webhook trigger has a fixed webhookId; a Manual Trigger to run it', (_file, workflow) => {
		const dropbox = workflow.nodes.filter((node) => DROPBOX_TYPES.includes(node.type));
		expect(dropbox.length).toBeGreaterThan(0);
		for (const node of dropbox) expect(STAND_IN_CREDENTIALS).toContain(node.credentials?.dropboxSuiteOAuth2Api?.id);
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-dropbox-suite.dropboxSuiteTrigger');
		if (trigger) expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		// The other change triggers start it once it is published; everything else has a Manual Trigger.
		else if (!workflow.nodes.some((node) => CHANGE_TRIGGERS.includes(node.type))) expect(workflow.nodes.map((node) => node.type)).toContain('n8n-nodes-base.manualTrigger');
		// Every connection names nodes of the workflow.
		const names = new Set(workflow.nodes.map((node) => node.name));
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const output of outputs.main) for (const link of output) expect(names).toContain(link.node);
		}
	});
});
