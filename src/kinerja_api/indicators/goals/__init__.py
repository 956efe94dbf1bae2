"""Organization goals: vision and mission, strategic goals (tujuan/sasaran) and IKU."""
