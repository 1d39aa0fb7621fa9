"""自愿有偿退出: a household's voluntary paid exit — valuation (房屋, 土地, 资格权, 奖励), review,
compensation, and the collective's recovery of the parcel."""
