'use strict';
// Loads the compiled addon. Throws when the build is missing or libdnnl.so.2 cannot be opened;
// the TypeScript loader in src/native catches that and falls back to the plain wasm kernels.
module.exports = require('./build/Release/jars_native.node');
