namespace Modeling.Reporting.Page;

/// <summary>The page's CSS: screen and print. Colours match <see cref="Charts.Palette"/>.</summary>
internal static class Stylesheet
{
    public const string Css = """
        :root { --ink: #1d2733; --muted: #5b6670; --line: #dfe3e8; --bg: #f5f7fa; --card: #ffffff;
                --estimate: #1f5fa8; --target: #b2182b; --quality: #d9730d; --ok: #1a7f37; --warn: #9a6700; }
        * { box-sizing: border-box; }
        html { font-size: 15px; }
        body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
               font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        .page-header { background: #14243a; color: #fff; padding: 22px max(24px, calc((100% - 1100px) / 2)) 18px; }
        .page-header h1 { margin: 0 0 4px; font-size: 1.7rem; font-weight: 650; letter-spacing: -0.01em; }
        .page-header .context { margin: 0; color: #c9d4e3; }
        .page-header .summary { margin: 6px 0 0; font-size: 1.05rem; }
        .toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line);
               padding: 8px max(24px, calc((100% - 1100px) / 2)); font-size: 0.9rem; }
        .toc a { color: var(--estimate); text-decoration: none; margin-right: 14px; white-space: nowrap; }
        .toc a:hover, .toc a:focus { text-decoration: underline; }
        main { max-width: 1100px; margin: 0 auto; padding: 8px 24px 40px; }
        section { margin-top: 28px; }
        h2 { font-size: 1.3rem; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
        h3 { font-size: 1.05rem; margin: 0 0 6px; }
        p.intro, .muted { color: var(--muted); }
        .verdict { background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--muted);
                   border-radius: 6px; padding: 14px 18px; margin: 12px 0; box-shadow: 0 1px 2px rgba(0,0,0,0.04); }
        .verdict-not_supported { border-left-color: var(--target); }
        .verdict-supported { border-left-color: var(--ok); }
        .verdict-inconclusive { border-left-color: var(--warn); }
        .badge { display: inline-block; float: right; font-weight: 650; font-size: 0.85rem; padding: 2px 10px;
                 border-radius: 999px; border: 1.5px solid currentColor; margin-left: 12px; }
        .verdict-not_supported .badge { color: var(--target); background: #fbeaec; }
        .verdict-supported .badge { color: var(--ok); background: #e6f4ea; }
        .verdict-inconclusive .badge { color: var(--warn); background: #fff5d6; }
        .claim { font-size: 1.15rem; margin: 6px 0 10px; }
        .claim .target { color: var(--target); font-weight: 700; }
        .claim .estimate { color: var(--estimate); font-weight: 700; }
        .claim .cost { font-size: 0.95rem; }
        .quality-cost { white-space: nowrap; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; font-size: 0.93rem; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; }
        .figure { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 14px 16px; margin: 14px 0; }
        .chart { width: 100%; }
        figcaption { color: var(--ink); font-size: 0.93rem; margin: 6px 0 8px; }
        table { border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 6px 0 10px; background: var(--card); }
        caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding: 2px 0 4px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; }
        td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        th.n { white-space: normal; }
        .table-scroll { max-width: 100%; overflow-x: auto; }
        .tag { font-size: 0.72rem; color: var(--estimate); border: 1px solid var(--estimate); border-radius: 3px; padding: 0 3px; }
        details { margin: 6px 0; }
        summary { cursor: pointer; color: var(--estimate); font-size: 0.9rem; }
        .not-estimated { background: #f0f2f5; border: 1px dashed #b8c0c8; border-radius: 6px; padding: 8px 12px; color: var(--muted); }
        .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
        .columns li { margin-bottom: 6px; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; background: var(--card);
                  border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; }
        ul.warnings { font-size: 0.88rem; color: var(--muted); }
        .alert { border: 2px solid #b2182b; background: #fdf0f0; border-radius: 6px; padding: 0.5rem 0.9rem; margin: 0.6rem 0; break-inside: avoid; }
        .alert ul { margin: 0.3rem 0 0 1.1rem; padding: 0; }
        @media (max-width: 760px) { .columns { grid-template-columns: 1fr; } .badge { float: none; } }
        @page { size: A4; margin: 12mm; }
        @media print {
          html { font-size: 11.5px; }
          body { background: #fff; }
          .toc, .modebar-container { display: none !important; }
          .table-scroll { overflow: visible; }
          .page-header { background: #fff; color: var(--ink); padding: 0 0 6px; border-bottom: 2px solid var(--ink); }
          .page-header .context { color: var(--muted); }
          main { max-width: none; padding: 0; }
          .verdict, .figure, table, tr, dl.meta { break-inside: avoid; box-shadow: none; }
          h2, h3 { break-after: avoid; }
          section { break-before: auto; }
          a { color: inherit; text-decoration: none; }
        }

        """;
}
