riffle run: cannot read x.sql
