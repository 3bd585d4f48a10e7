// Package shift reads agents' shifts: shift patterns and inline shifts, their days, windows and breaks, and the time zone they are in.
package shift
