"""流转: 出租、转让、入股、抵押合同 on a parcel's use rights, with the contracts expiring within 60 days."""
