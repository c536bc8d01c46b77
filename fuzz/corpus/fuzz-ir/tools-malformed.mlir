ofex.network @f(%x: tensor<?x4xf32> {
