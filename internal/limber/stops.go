package limber

import "time"

// CheckStopTime refuses a stop made before its plan existed, with the
// clockSlack of a drifting tablet clock (as for a session): the PT reads
// stops by their time, and one from before the plan is a wrong clock or a
// forged stop.
func CheckStopTime(at, planCreated time.Time) error {
	if at.Before(planCreated.Add(-clockSlack)) {
		return Invalidf("at", "is before this plan existed")
	}
	return nil
}

// CheckCorrection checks the earlier stop a correction names (earlier:
// the patient's stop with the client id in.Corrects, nil when they have
// none): it is of the same session, and not corrected already, so that a
// chain of corrections always corrects the latest.
func CheckCorrection(in StopInput, earlier *CorrectedStop) error {
	switch {
	case earlier == nil:
		return Invalidf("corrects", "no stop %s of yours", in.Corrects)
	case earlier.SessionClientID != in.SessionClientID:
		return Invalidf("corrects", "stop %s belongs to another session", in.Corrects)
	case earlier.AlreadyCorrected:
		return AlreadyCorrected(in.Corrects)
	}
	return nil
}

// AlreadyCorrected refuses a second correction of a stop (by its client
// id): also when two arrive together and the other was stored first.
func AlreadyCorrected(clientID string) error {
	return Invalidf("corrects", "stop %s was already corrected; correct the latest one", clientID)
}
