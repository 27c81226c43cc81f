package rules

import "time"

// timeNow is the clock used to pick the rules in force; tests may replace it.
var timeNow = time.Now
