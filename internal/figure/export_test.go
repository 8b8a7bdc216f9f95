package figure

func DebugPoints(v *Variant) map[string][3]float64 {
	out := map[string][3]float64{}
	for k, p := range v.Keys[0].body.pt {
		out[k] = p
	}
	return out
}

func DebugContacts(v *Variant) []string {
	var out []string
	for _, k := range v.Keys {
		for part, target := range v.Contacts {
			ok, d := v.touches(k.body, part, target)
			if !ok {
				out = append(out, k.Name+":"+part+"->"+target+":"+deg(d*100))
			}
		}
	}
	return out
}
