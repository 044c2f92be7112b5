/**
 * The look of checked notes: blocks of the notes with their marks beside them, the summary,
 * plots. Shared by the HTML reports and the playground, which show the same thing.
 */
export const REPORT_STYLE = `
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; margin: 0; background: #fafafa; }
main, header.summary { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem; }
header.summary { background: #fff; border-bottom: 1px solid #ddd; max-width: none; }
header.summary > * { max-width: 67rem; margin-left: auto; margin-right: auto; }
h1 { font-size: 1.4rem; margin: .4rem auto; }
.totals { font-size: 1.05rem; }
.count { font-weight: 600; }
.count.valid { color: #1a7f37; } .count.invalid { color: #c62828; } .count.unknown { color: #9a6700; } .count.error { color: #c62828; }
.problems { margin: .3rem auto; padding-left: 1.2rem; }
.problems a { color: inherit; }
article.file { background: #fff; border: 1px solid #ddd; border-radius: .5rem; margin: 1.2rem 0; padding: .5rem 1.2rem 1rem; }
article.file > h2 { font-size: 1.15rem; font-family: ui-monospace, monospace; margin: .5rem 0; }
.block { display: grid; grid-template-columns: minmax(0, 1fr) 21rem; gap: 1.2rem; align-items: start; border-radius: .3rem; }
.block.marked.has-invalid { background: #fff5f5; }
.src { min-width: 0; overflow-x: auto; }
.math-display { overflow-x: auto; overflow-y: hidden; }
.marks { display: flex; flex-direction: column; gap: .35rem; padding: .4rem 0; font-size: .88rem; }
.mark { border-left: 4px solid #bbb; padding: .15rem .5rem; background: #fff; border-radius: .2rem; }
.mark.valid { border-color: #1a7f37; } .mark.invalid { border-color: #c62828; background: #fff0f0; }
.mark.unknown { border-color: #d4a72c; background: #fffbea; } .mark.error { border-color: #c62828; background: #fff0f0; }
.badge { font-weight: 700; } .valid .badge { color: #1a7f37; } .invalid .badge, .error .badge { color: #c62828; } .unknown .badge { color: #9a6700; }
.line, .method { color: #666; }
.hint { font-weight: 600; }
.mark p { margin: .2rem 0; }
.plot { margin: .3rem 0 0; }
.chart { max-width: 100%; height: auto; }
pre { background: #f4f4f4; padding: .5rem; overflow-x: auto; }
.derivation { background: #fff; border: 1px solid #ddd; border-radius: .5rem; padding: .5rem 1.5rem; overflow-x: auto; }
.index td, .index th { padding: .25rem .8rem; text-align: left; }
.index a { color: #0b57d0; }
@media (max-width: 900px) { .block { grid-template-columns: 1fr; } }
`;
