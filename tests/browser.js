// browser.js - open a page in headless Chromium and report what a reader
// would see, as one JSON object on standard output:
//   node tests/browser.js FILE [SCREENSHOT.png]
// errors      console errors and warnings, uncaught exceptions, failed
//             loads (each a string)
// scripts     the number of <script> elements
// images      per <img>: src, natural and rendered width and height
// numbers     per element with data-src: its text, title, data-src,
//             data-line, data-key and data-fmt (what tests/report.bats checks
//             against the NDJSON)
// sections    the ids of the <section> elements, in order
// It speaks the DevTools protocol over --remote-debugging-pipe (file
// descriptors 3 and 4, messages ended by NUL), so it needs no npm
// package.  CHROMIUM names the browser (default /usr/bin/chromium).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const file = path.resolve(process.argv[2]);
const shot = process.argv[3];
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'sfb-chromium.'));
const chromium = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync',
	'--remote-debugging-pipe', '--window-size=1280,900', `--user-data-dir=${profile}`,
	'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const send_pipe = chromium.stdio[3];
const recv_pipe = chromium.stdio[4];

let next_id = 1;
const pending = new Map();
const listeners = [];
let buffer = Buffer.alloc(0);
recv_pipe.on('data', (chunk) => {
	buffer = Buffer.concat([buffer, chunk]);
	let end;
	while ((end = buffer.indexOf(0)) >= 0) {
		const msg = JSON.parse(buffer.subarray(0, end).toString('utf8'));
		buffer = buffer.subarray(end + 1);
		if (msg.id && pending.has(msg.id)) {
			const { resolve, reject } = pending.get(msg.id);
			pending.delete(msg.id);
			if (msg.error) reject(new Error(JSON.stringify(msg.error)));
			else resolve(msg.result);
		} else if (msg.method) {
			for (const l of listeners) l(msg);
		}
	}
});

function send(method, params = {}, sessionId) {
	const id = next_id++;
	const msg = { id, method, params };
	if (sessionId) msg.sessionId = sessionId;
	send_pipe.write(JSON.stringify(msg) + '\0');
	return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

function finish(code, out) {
	if (out) process.stdout.write(JSON.stringify(out) + '\n');
	chromium.on('exit', () => {
		// The browser's helper processes may still be writing there.
		try {
			fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
		} catch (e) {
			process.stderr.write('browser.js: ' + e.message + '\n');
		}
		process.exit(code);
	});
	chromium.kill();
}

setTimeout(() => {
	process.stderr.write('browser.js: timed out\n');
	finish(2);
}, 60000);

// Collected from the page, in the page (the report itself runs no script).
const COLLECT = `JSON.stringify({
	scripts: document.querySelectorAll('script').length,
	images: [...document.images].map((i) => {
		const r = i.getBoundingClientRect();
		return { src: i.getAttribute('src'), naturalWidth: i.naturalWidth,
			naturalHeight: i.naturalHeight, width: r.width, height: r.height,
			complete: i.complete };
	}),
	numbers: [...document.querySelectorAll('[data-src]')].map((e) => ({
		text: e.textContent, title: e.getAttribute('title'),
		src: e.dataset.src, line: Number(e.dataset.line), key: e.dataset.key,
		fmt: e.dataset.fmt })),
	sections: [...document.querySelectorAll('section')].map((s) => s.id),
	title: document.title,
})`;

(async () => {
	const errors = [];
	const { targetInfos } = await send('Target.getTargets');
	const page = targetInfos.find((t) => t.type === 'page');
	const { sessionId } = await send('Target.attachToTarget', { targetId: page.targetId, flatten: true });
	let loaded;
	const load = new Promise((resolve) => { loaded = resolve; });
	listeners.push((msg) => {
		if (msg.sessionId !== sessionId) return;
		const p = msg.params;
		if (msg.method === 'Page.loadEventFired') loaded();
		else if (msg.method === 'Runtime.exceptionThrown')
			errors.push('exception: ' + p.exceptionDetails.text);
		else if (msg.method === 'Runtime.consoleAPICalled' && /error|warn/.test(p.type))
			errors.push('console: ' + p.args.map((a) => a.value).join(' '));
		else if (msg.method === 'Log.entryAdded' && /error|warning/.test(p.entry.level))
			errors.push('log: ' + p.entry.text + (p.entry.url ? ' ' + p.entry.url : ''));
		else if (msg.method === 'Network.loadingFailed')
			errors.push('load failed: ' + p.errorText);
	});
	for (const d of ['Page', 'Runtime', 'Log', 'Network'])
		await send(d + '.enable', {}, sessionId);
	await send('Page.navigate', { url: 'file://' + file }, sessionId);
	await load;
	const r = await send('Runtime.evaluate', { expression: COLLECT, returnByValue: true }, sessionId);
	const out = JSON.parse(r.result.value);
	out.errors = errors;
	if (shot) {
		const m = await send('Page.getLayoutMetrics', {}, sessionId);
		const s = m.cssContentSize || m.contentSize;
		const img = await send('Page.captureScreenshot', {
			format: 'png', captureBeyondViewport: true,
			clip: { x: 0, y: 0, width: s.width, height: s.height, scale: 1 },
		}, sessionId);
		fs.writeFileSync(shot, Buffer.from(img.data, 'base64'));
	}
	finish(0, out);
})().catch((e) => {
	process.stderr.write('browser.js: ' + e.message + '\n');
	finish(2);
});
