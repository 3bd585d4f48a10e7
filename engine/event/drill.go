package event

// Types of a drill's (or a live activation's) events, one per entry of
// its workflow's history.
const (
	// DrillStarted: the run started.
	DrillStarted = "drill_started"
	// DrillSimulationDrawn: the simulated participants' responses were
	// drawn.
	DrillSimulationDrawn = "drill_simulation_drawn"
	// DrillScenarioStarted: the scenario's synthetic tickets were opened.
	DrillScenarioStarted = "drill_scenario_started"
	// DrillScenarioFailed: the synthetic tickets could not be opened.
	DrillScenarioFailed = "drill_scenario_failed"
	// DrillStepNotified: a step started and its owner was notified.
	DrillStepNotified = "drill_step_notified"
	// DrillStepReminded: a step's owner was reminded.
	DrillStepReminded = "drill_step_reminded"
	// DrillStepAcknowledged: a step was acknowledged.
	DrillStepAcknowledged = "drill_step_acknowledged"
	// DrillStepDone: a step was done.
	DrillStepDone = "drill_step_done"
	// DrillStepLate: a step missed its deadline.
	DrillStepLate = "drill_step_late"
	// DrillStepEscalated: a step's miss was escalated.
	DrillStepEscalated = "drill_step_escalated"
	// DrillStepSkipped: a step missed its deadline and was given up.
	DrillStepSkipped = "drill_step_skipped"
	// DrillPaused: the drill clock was stopped.
	DrillPaused = "drill_paused"
	// DrillResumed: the drill clock runs again.
	DrillResumed = "drill_resumed"
	// DrillAborted: the run was aborted.
	DrillAborted = "drill_aborted"
	// DrillNotificationFailed: a notification could not be delivered.
	DrillNotificationFailed = "drill_notification_failed"
	// DrillEnded: the run ended; the event holds the result.
	DrillEnded = "drill_ended"
)
