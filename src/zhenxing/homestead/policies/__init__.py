"""政策制度: policy documents with their versions and effective dates, and the homestead rules (area cap,
公示 days, fee rates, rectification days) that the policy in force sets."""
