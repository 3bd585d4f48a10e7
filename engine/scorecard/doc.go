// Package scorecard assembles one period's KPI results, their trend and the
// incentives into a scorecard, and renders it as the dashboard people read:
// a self-contained HTML page with SVG charts, or Markdown.
package scorecard
