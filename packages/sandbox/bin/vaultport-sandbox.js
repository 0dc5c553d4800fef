#!/usr/bin/env node
// The `vaultport-sandbox` command, built into dist/bin.js. This launcher is committed so that a
// workspace install, which links bins before anything is built, finds the file it links.
import '../dist/bin.js'
