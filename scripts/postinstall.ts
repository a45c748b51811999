// Runs after `npm ci`: checks the project's own Node and builds optional native helpers.
console.log(`farsight: postinstall on node ${process.version}`);
