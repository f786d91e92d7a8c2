"""Operations: training the model when its inputs change, launching the processes."""
