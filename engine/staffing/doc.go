// Package staffing computes how many agents a queue needs: Erlang C and Erlang A (Palm's M/M/n+M) for one interval's load, and the roster headcount after shrinkage.
package staffing
