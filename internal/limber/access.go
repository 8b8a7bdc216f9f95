package limber

// Access is whose records a user may see (the one rule "who may see
// whom"): an admin every patient, a therapist their own patients, a
// patient's tablet that patient alone. The store's list queries filter by
// the same rule in SQL, for paging (store tests check they agree).
type Access struct {
	// All: every patient (an admin).
	All bool
	// TherapistID: the patients of this therapist (0: none by therapist).
	TherapistID int64
	// PatientID: this one patient (0: none).
	PatientID int64
}

// AccessOf is the access of a user.
func AccessOf(actor User) Access {
	switch actor.Role {
	case RoleAdmin:
		return Access{All: true}
	case RoleTherapist:
		return Access{TherapistID: actor.ID}
	case RolePatient:
		return Access{PatientID: actor.PatientID}
	}
	return Access{}
}

// Sees reports whether the access covers a patient.
func (a Access) Sees(p Patient) bool {
	switch {
	case a.All:
		return true
	case a.TherapistID != 0:
		return p.TherapistID == a.TherapistID
	case a.PatientID != 0:
		return p.ID == a.PatientID
	}
	return false
}

// CanSee reports whether actor may see a patient: the patient's own
// therapist, an admin, or the patient. Anyone else's patient is "not
// found" to them (a therapist never learns another's patient exists).
func CanSee(actor User, p Patient) bool { return AccessOf(actor).Sees(p) }

// IsStaff: a therapist or an admin (a tablet is not).
func IsStaff(actor User) bool { return actor.Role == RoleTherapist || actor.Role == RoleAdmin }
