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

// The role gates: who may ask for a thing at all. A refusal is EFORBIDDEN
// and says who may; whose records a permitted user then sees is Access's
// question, answered "not found" for anyone else's.

// MustBeAdmin refuses anyone but an admin: staff accounts and the clinic's
// settings are the admin's.
func MustBeAdmin(actor User) error {
	if actor.Role != RoleAdmin {
		return &Error{Code: EFORBIDDEN, Message: "only an admin may do this"}
	}
	return nil
}

// MustBeTherapist refuses clinical changes by anyone but a therapist: an
// admin reads everything and changes nothing clinical (contract §7.9).
func MustBeTherapist(actor User) error {
	if actor.Role != RoleTherapist {
		return &Error{Code: EFORBIDDEN, Message: "only a therapist may do this"}
	}
	return nil
}

// MustBeStaff refuses a tablet (or no one) what is kept for staff.
func MustBeStaff(actor User) error {
	if !IsStaff(actor) {
		return staffOnly()
	}
	return nil
}

// MustBePatient refuses anyone but an enrolled tablet: what a tablet sends
// is its own patient's, so a tablet linked to no patient sends nothing.
func MustBePatient(actor User) error {
	if actor.Role != RolePatient || actor.PatientID == 0 {
		return &Error{Code: EFORBIDDEN, Message: "for patients' tablets only"}
	}
	return nil
}

// ListAccess is the access a staff list pages by: every patient for an
// admin, their own for a therapist. A tablet has no list, even of itself;
// an access that names no patient at all (a therapist without an id) is
// refused too, never read as "no filter".
func ListAccess(actor User) (Access, error) {
	a := AccessOf(actor)
	if !IsStaff(actor) || !a.All && a.TherapistID == 0 {
		return Access{}, staffOnly()
	}
	return a, nil
}

func staffOnly() error { return &Error{Code: EFORBIDDEN, Message: "staff only"} }
