print("tracegate")
