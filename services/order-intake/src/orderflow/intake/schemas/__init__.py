"""HTTP models of order-intake (never event contracts): `XCreate`, `XUpdate`, `XPublic`."""
