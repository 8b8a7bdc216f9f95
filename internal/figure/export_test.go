package figure

func DebugPoints(v *Variant) map[string][3]float64 {
	out := map[string][3]float64{}
	for k, p := range v.Keys[0].body.pt {
		out[k] = p
	}
	return out
}
