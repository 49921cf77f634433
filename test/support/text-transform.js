// Jest's stand-in for esbuild's text loader: a `.txt` module is its contents as one string.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
