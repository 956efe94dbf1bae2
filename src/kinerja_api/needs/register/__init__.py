"""The needs register: needs, their sources and links to what answers them."""
