package scorecard

// pageTemplate is the dashboard: inline CSS, inline SVG, no scripts, no
// links. The band colours are the same in the tiles, the charts and the
// legend.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0; }
h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
p.sub, p.note { color: #57606a; margin: 0.2em 0 0.6em; }
.chips { display: flex; flex-wrap: wrap; gap: 0.5em 1.2em; margin: 0.6em 0; align-items: center; }
.chip { display: inline-flex; align-items: center; gap: 0.4em; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; }
.chip b { font-size: 1.15em; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; }
.tile { border-radius: 6px; border-left: 6px solid; padding: 0.6em 0.8em; background: #f6f8fa; }
.tile .kpi { font-weight: 600; }
.tile .scope, .tile .desc, .tile .counts { color: #57606a; font-size: 0.9em; }
.tile .desc { min-height: 2.6em; }
.tile .value { font-size: 1.9em; font-weight: 600; line-height: 1.2; margin: 0.2em 0 0; }
.tile .target { font-size: 0.95em; }
.tile .band { float: right; font-size: 0.8em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; padding: 0.1em 0.5em; border-radius: 1em; }
.tile.excellent { background: #dafbe1; border-color: #1f883d; } .tile.excellent .band { background: #1f883d; color: #fff; }
.tile.good { background: #eefbea; border-color: #6fc27a; } .tile.good .band { background: #8fd694; }
.tile.ok { background: #fff8c5; border-color: #d4a72c; } .tile.ok .band { background: #f2cc60; }
.tile.below { background: #ffebe9; border-color: #cf222e; } .tile.below .band { background: #e5534b; color: #fff; }
.tile.no-data { background: #f6f8fa; border-color: #afb8c1; } .tile.no-data .band { background: #d0d7de; }
.charts { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px 12px; }
figure { margin: 0; }
figcaption { font-size: 0.9em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
figcaption .scope, figcaption .cap { color: #57606a; }
svg { display: block; }
svg text { font: 12px system-ui, sans-serif; fill: #1f2328; }
svg .axis { fill: #57606a; }
svg .axis.target { font-weight: 700; fill: #1f2328; }
svg .frame { fill: none; stroke: #d0d7de; }
svg .zone { opacity: 0.22; }
svg .tline { stroke: #1f2328; stroke-width: 1.5; stroke-dasharray: 5 4; }
svg .line { fill: none; stroke: #24292f; stroke-width: 2; }
svg .whisker { stroke: #57606a; stroke-width: 6; stroke-linecap: round; opacity: 0.35; }
svg .dot { stroke: #24292f; stroke-width: 1.2; }
svg .last { font-weight: 700; }
svg .kpi { font-weight: 600; }
svg .sub { fill: #57606a; }
svg .seg-label { font-weight: 600; }
svg .verdict { font-weight: 700; }
svg .verdict.easy { fill: #0969da; }
svg .verdict.hard { fill: #cf222e; }
svg .head { font-weight: 600; }
svg .none { fill: #f6f8fa; }
.excellent { fill: #1f883d; } .good { fill: #8fd694; } .ok { fill: #f2cc60; } .below { fill: #e5534b; } .no-data { fill: #d0d7de; }
.swatch.excellent { background: #1f883d; } .swatch.good { background: #8fd694; } .swatch.ok { background: #f2cc60; } .swatch.below { background: #e5534b; } .swatch.no-data { background: #d0d7de; }
svg text.on-excellent, svg text.on-below { fill: #ffffff; }
svg text.on-none { fill: #8c959f; }
table { border-collapse: collapse; margin: 0.4em 0; width: 100%; }
th, td { text-align: left; padding: 0.3em 0.8em 0.3em 0; vertical-align: top; border-bottom: 1px solid #eaeef2; }
td.num { text-align: right; }
tr.first td { border-top: 1px solid #afb8c1; }
td.incentive { font-weight: 600; }
.tie { color: #9a6700; }
.approval { color: #57606a; }
td.who, td.reward { white-space: nowrap; }
.approval.allowed { color: #1a7f37; }
.approval.needs_approval, .approval.requested { color: #9a6700; }
.approval.denied { color: #cf222e; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Subtitle}}</p>
<div class="chips legend">Results by band: {{range .Summary}}<span class="chip"><span class="swatch {{.Class}}"></span><b>{{.N}}</b> {{.Label}}</span>{{end}}</div>

<h2>KPIs</h2>
{{if .Tiles}}<div class="tiles">
{{range .Tiles}}<div class="tile {{.Class}}"><span class="band">{{.Band}}</span><div class="kpi">{{.KPI}}</div><div class="scope">{{.Scope}}</div>
<div class="value">{{.Value}}</div><div class="target">{{.Target}}{{if .Gap}} · gap <b>{{.Gap}}</b>{{end}}</div>
{{if .Counts}}<div class="counts">{{.Counts}}</div>{{end}}{{if .Description}}<div class="desc">{{.Description}}</div>{{end}}</div>
{{end}}</div>{{else}}<p>No KPI of a single scope in this period.</p>{{end}}

<h2>Trend</h2>
<p class="note">{{.TrendNote}} Shaded: the bands; dashed: the target; the last value printed. A KPI of each team or agent shows their median, and a grey bar from the lowest to the highest.</p>
<div class="charts">
{{range .Trends}}{{template "trend" .}}{{end}}</div>
{{if .Weekly}}
<h2>Weekly KPIs</h2>
<p class="note">{{.WeeklyNote}}</p>
<div class="charts">
{{range .Weekly}}{{template "trend" .}}{{end}}</div>
{{end}}{{with .Dist}}{{$dist := .}}
<h2>Agents by band</h2>
<p class="note">How the agents spread over the bands of each agent KPI. A stretch target puts a few agents in excellent and most in ok; most agents excellent means it is too easy, most below that it is too hard.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{{num .W}}" height="{{num .H}}" viewBox="0 0 {{num .W}} {{num .H}}" role="img" aria-label="Agents by band per agent KPI">
{{range .Rows}}<g class="dist-row" data-kpi="{{.KPI}}"><text class="kpi" x="0" y="{{num .TextY}}">{{.KPI}}</text><text class="sub" x="0" y="{{num .SubY}}">{{.Sub}}</text>
{{range .Segments}}<rect class="{{.Class}}" x="{{num .X}}" y="{{num .Y}}" width="{{num .W}}" height="{{num .H}}"><title>{{.Tip}}</title></rect>{{if .Label}}<text class="seg-label on-{{.Class}}" x="{{num .TX}}" y="{{num .TY}}" text-anchor="middle">{{.Label}}</text>{{end}}
{{end}}<text class="verdict {{.VerdictClass}}" x="{{num $dist.VerdictX}}" y="{{num .TextY}}">{{.Verdict}}</text><text class="sub" x="{{num $dist.VerdictX}}" y="{{num .SubY}}">{{.Detail}}</text></g>
{{end}}</svg>
{{end}}{{with .Heat}}
<h2>Teams</h2>
<p class="note">Each team's result of each team KPI, coloured by band; a dash where the KPI does not measure the team.</p>
<svg xmlns="http://www.w3.org/2000/svg" width="{{num .W}}" height="{{num .H}}" viewBox="0 0 {{num .W}} {{num .H}}" role="img" aria-label="Team by KPI heat map">
{{range .Columns}}<text class="head" x="{{num .X}}" y="18" text-anchor="middle">{{.KPI}}</text><text class="sub" x="{{num .X}}" y="34" text-anchor="middle">{{.Target}}</text>
{{end}}{{range .Rows}}<g class="team-row"><text x="0" y="{{num .Y}}">{{.Team}}</text>
{{range .Cells}}<rect class="{{.Class}}" x="{{num .X}}" y="{{num .Y}}" width="{{num .W}}" height="{{num .H}}" rx="3"><title>{{.Tip}}</title></rect><text class="on-{{.Class}}" x="{{num .TX}}" y="{{num .TY}}" text-anchor="middle">{{.Text}}</text>
{{end}}</g>
{{end}}</svg>
{{end}}
<h2>Incentives</h2>
{{if .Awards}}<table class="awards">
<tr><th>Incentive</th><th>Rank</th><th>Recipient</th><th>Reward</th><th>Why</th><th>Payout approval</th></tr>
{{range .Awards}}<tr{{if .First}} class="first"{{end}}><td class="incentive">{{if .First}}{{.Name}}{{end}}</td><td class="num">{{.Rank}}</td><td class="who">{{.Recipient}}</td><td class="reward">{{.Reward}}</td><td>{{.Reason}}{{if .Tie}}<div class="tie">Tie: {{.Tie}}</div>{{end}}</td><td>{{if .Approval}}<span class="approval {{.ApprovalClass}}">{{.Approval}}</span>{{end}}</td></tr>
{{end}}</table>{{else}}<p>No awards in this period.</p>{{end}}

<h2>Near misses</h2>
{{if .NearMisses}}<table class="near-misses">
<tr><th>Incentive</th><th>Recipient</th><th>Missed by</th></tr>
{{range .NearMisses}}<tr><td>{{.Name}}</td><td>{{.Recipient}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}
</body>
</html>
{{define "trend"}}<figure class="trend" data-kpi="{{.KPI}}"><figcaption><span class="kpi">{{.KPI}}</span> <span class="scope">{{.Scope}}</span></figcaption>
<svg xmlns="http://www.w3.org/2000/svg" width="{{num .W}}" height="{{num .H}}" viewBox="0 0 {{num .W}} {{num .H}}" role="img" aria-label="Trend of {{.KPI}}">
{{range .Zones}}<rect class="zone {{.Class}}" x="{{num $.X0}}" y="{{num .Y}}" width="{{num $.PW}}" height="{{num .H}}"/>{{end}}
<rect class="frame" x="{{num .X0}}" y="{{num .Top}}" width="{{num .PW}}" height="{{num .PH}}"/>
<line class="tline" x1="{{num .X0}}" y1="{{num .TargetY}}" x2="{{num .X1}}" y2="{{num .TargetY}}"/>
{{range .YLabels}}<text class="axis {{.Class}}" x="{{num .X}}" y="{{num .Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>{{end}}
{{range .XLabels}}<text class="axis" x="{{num .X}}" y="{{num .Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>{{end}}
{{range .Whiskers}}<line class="whisker" x1="{{num .X}}" y1="{{num .Y1}}" x2="{{num .X}}" y2="{{num .Y2}}"/>{{end}}
{{range .Lines}}<polyline class="line" points="{{.}}"/>{{end}}
{{range .Points}}<circle class="dot {{.Class}}" cx="{{num .X}}" cy="{{num .Y}}" r="3.5"><title>{{.Tip}}</title></circle>{{end}}
{{with .Last}}<text class="last" x="{{num .X}}" y="{{num .Y}}" text-anchor="{{.Anchor}}">{{.Text}}</text>{{end}}
</svg>
<figcaption class="cap">{{.Caption}}</figcaption></figure>
{{end}}`
