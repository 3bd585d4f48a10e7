package staffing

// pageTemplate is the week report's page: inline CSS, inline SVG, no
// scripts, no links. The heat map's colours are the same in the cells and
// the legend; the house look is engine/scorecard's.
const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0; }
h2 { font-size: 1.15em; margin: 1.8em 0 0.4em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
h3 { font-size: 1em; margin: 1em 0 0.3em; }
p.sub, p.note { color: #57606a; margin: 0.2em 0 0.6em; }
.facts { display: flex; flex-wrap: wrap; gap: 10px; margin: 0.8em 0; }
.fact { background: #f6f8fa; border-radius: 6px; padding: 0.4em 0.9em; border-left: 5px solid #afb8c1; }
.fact .label { color: #57606a; font-size: 0.85em; display: block; }
.fact .value { font-size: 1.25em; font-weight: 600; }
.fact.good { border-color: #1f883d; background: #dafbe1; } .fact.bad { border-color: #cf222e; background: #ffebe9; }
.chips { display: flex; flex-wrap: wrap; gap: 0.4em 1.1em; margin: 0.6em 0; align-items: center; font-size: 0.9em; }
.chip { display: inline-flex; align-items: center; gap: 0.4em; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; }
.badge { font-size: 0.75em; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; padding: 0.1em 0.6em; border-radius: 1em; vertical-align: middle; margin-left: 0.5em; }
.badge.good { background: #1f883d; color: #fff; } .badge.bad { background: #cf222e; color: #fff; } .badge.gate { background: #9a6700; color: #fff; }
.goal { color: #57606a; font-weight: normal; margin-left: 0.4em; }
.lines { display: grid; grid-template-columns: repeat(7, 1fr); gap: 4px; }
figure { margin: 0; }
figcaption { font-size: 0.85em; white-space: nowrap; }
figcaption .good { color: #1a7f37; } figcaption .bad { color: #cf222e; font-weight: 600; } figcaption .sub { color: #8c959f; }
svg { display: block; }
svg text { font: 11px system-ui, sans-serif; fill: #1f2328; }
svg .axis { fill: #57606a; }
svg .frame { fill: none; stroke: #d0d7de; }
svg .need { fill: none; stroke: #1f2328; stroke-width: 1.6; stroke-dasharray: 4 3; }
svg .have { fill: none; stroke: #0969da; stroke-width: 2; }
svg .gap { fill: #e5534b; opacity: 0.45; }
svg .closed-note { fill: #8c959f; }
.short3 { fill: #a40e26; } .short2 { fill: #e5534b; } .short1 { fill: #ffaba8; }
.tight { fill: #d2f4d3; } .met { fill: #8fd694; } .comfy { fill: #1f883d; }
.closed { fill: #eaeef2; } .unreach { fill: #6e40c9; }
.swatch.short3 { background: #a40e26; } .swatch.short2 { background: #e5534b; } .swatch.short1 { background: #ffaba8; }
.swatch.tight { background: #d2f4d3; } .swatch.met { background: #8fd694; } .swatch.comfy { background: #1f883d; }
.swatch.closed { background: #eaeef2; } .swatch.unreach { background: #6e40c9; }
svg text.on-short3, svg text.on-short2, svg text.on-comfy, svg text.on-unreach { fill: #ffffff; font-weight: 600; }
svg text.on-short1 { font-weight: 600; }
.swatch.need { background: none; border-top: 2px dashed #1f2328; height: 0; width: 18px; border-radius: 0; }
.swatch.have { background: #0969da; height: 3px; width: 18px; border-radius: 0; }
.swatch.gap { background: #e5534b; opacity: 0.45; }
table { border-collapse: collapse; margin: 0.4em 0; width: 100%; }
th, td { text-align: left; padding: 0.25em 0.8em 0.25em 0; vertical-align: top; border-bottom: 1px solid #eaeef2; }
th.num, td.num { text-align: right; }
td.bad { color: #cf222e; font-weight: 600; }
table.days { width: auto; font-size: 0.9em; }
td.add { font-weight: 700; color: #cf222e; white-space: nowrap; }
td.when, td.queue { white-space: nowrap; }
td.shifts { color: #57606a; font-size: 0.85em; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="sub">{{.Subtitle}}</p>
<div class="facts">{{range .Facts}}<div class="fact{{with .Class}} {{.}}{{end}}"><span class="label">{{.Label}}</span><span class="value">{{.Value}}</span></div>{{end}}</div>

<h2>Shortfalls</h2>
{{if .Shortfalls}}<p class="note">Consecutive short intervals of a queue channel in a day, merged: the most agents the run needs, the fewest scheduled, the lowest service level reached, and how many more agents on shift would close it.</p>
<table class="shortfalls">
<tr><th>Queue</th><th>When</th><th>Needs</th><th class="num">Scheduled</th><th class="num">Add</th><th>Reaches</th><th>Goal</th><th>On shift then</th></tr>
{{range .Shortfalls}}<tr><td class="queue">{{.Queue}}{{if .Gate}}<span class="badge gate">gate</span>{{end}}</td><td class="when">{{.When}}</td><td>{{.Needs}}</td><td class="num">{{.Scheduled}}</td><td class="num add">{{.Add}}</td><td>{{.Reaches}}</td><td>{{.Goal}}</td><td class="shifts">{{.Shifts}}</td></tr>
{{end}}</table>{{else}}<p>None: every interval has the agents it needs.</p>{{end}}
{{range .Queues}}
<h2 id="{{.ID}}">{{.Title}}<span class="goal">{{.Goal}}, {{.Model}}</span>{{if .Gate}}<span class="badge gate">gate</span>{{end}}<span class="badge {{.VerdictClass}}">{{.Verdict}}</span></h2>
<h3>Surplus and shortfall</h3>
<p class="note">Each cell is an interval: agents scheduled minus agents on roster (required with shrinkage). Hover a cell for its figures.</p>
<div class="chips legend">{{range $.Legend}}<span class="chip"><span class="swatch {{.Class}}"></span>{{.Label}}</span>{{end}}</div>
{{.Heat.SVG}}
<h3>Required against scheduled, day by day</h3>
<div class="chips"><span class="chip"><span class="swatch need"></span>on roster (required with shrinkage)</span><span class="chip"><span class="swatch have"></span>scheduled</span><span class="chip"><span class="swatch gap"></span>short</span></div>
<div class="lines">{{range .Lines}}<figure class="day"><figcaption>{{.Day}} · <span class="{{.NoteClass}}">{{.Note}}</span></figcaption>
{{.SVG}}</figure>
{{end}}</div>
<table class="days">
<tr><th>Day</th><th class="num">Contacts</th><th class="num">Required h</th><th class="num">Scheduled h</th><th class="num">Peak on roster</th><th class="num">Short intervals</th><th class="num">Service level</th></tr>
{{range .Days}}<tr><td>{{.Day}}</td><td class="num">{{.Contacts}}</td><td class="num">{{.Required}}</td><td class="num">{{.Scheduled}}</td><td class="num">{{.Peak}}</td><td class="num {{.ShortClass}}">{{.Short}}</td><td class="num">{{.ServiceLevel}}</td></tr>
{{end}}</table>
{{end}}
</body>
</html>
`
