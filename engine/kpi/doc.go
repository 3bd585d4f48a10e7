// Package kpi computes the configured KPIs over ticket records, per concrete scope and calendar period in the center's time zone, and bands them.
package kpi
